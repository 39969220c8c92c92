// A product card: every field comes from the catalog record, never from the model's text.
export default function ProductCard() {
  const specs = props.specs || [];
  return (
    <div data-testid="product-card" className="rounded-lg border p-3 my-1 max-w-sm bg-card text-card-foreground">
      <div className="flex justify-between gap-3">
        <span className="font-semibold">{props.name}</span>
        <span className="font-semibold whitespace-nowrap">{props.price}</span>
      </div>
      <ul className="text-sm text-muted-foreground mt-1 list-disc pl-4">
        {specs.map((spec) => <li key={spec}>{spec}</li>)}
      </ul>
      <div className="flex justify-between text-xs mt-2">
        <span className={props.inStock ? "text-green-600" : "text-red-600"}>{props.stock}</span>
        <span className="text-muted-foreground">[{props.id}] {props.source}</span>
      </div>
    </div>
  );
}
