// A product card: every field comes from the catalog record, never from the model's text.
// image and url are http(s) only (checked on the server); the buttons send the natural next message.
export default function ProductCard() {
  const specs = props.specs || [];
  const safe = (url) => (typeof url === "string" && /^https?:\/\//i.test(url) ? url : null);
  const image = safe(props.image);
  const link = safe(props.url);
  return (
    <div data-testid="product-card" className="rounded-lg border p-3 my-1 max-w-sm w-full bg-card text-card-foreground">
      {image && (
        <img src={image} alt={props.name} loading="lazy" referrerPolicy="no-referrer"
             className="w-full max-h-40 object-contain rounded mb-2" />
      )}
      <div className="flex justify-between gap-3">
        {link ? (
          <a href={link} target="_blank" rel="noopener noreferrer nofollow" className="font-semibold underline">{props.name}</a>
        ) : (
          <span className="font-semibold">{props.name}</span>
        )}
        <span className="font-semibold whitespace-nowrap">{props.price}</span>
      </div>
      <ul className="text-sm text-muted-foreground mt-1 list-disc pl-4">
        {specs.map((spec) => <li key={spec}>{spec}</li>)}
      </ul>
      <div className="flex justify-between text-xs mt-2">
        <span className={props.inStock ? "text-green-600" : "text-red-600"}>{props.stock}</span>
        <span className="text-muted-foreground">[{props.id}]{props.source ? ` ${props.source}` : ""}</span>
      </div>
      {props.actions && (
        <div className="flex flex-wrap gap-2 mt-2">
          {props.actions.map((action) => (
            <button key={action.label} type="button" data-testid="card-action"
                    className="rounded-md bg-primary text-primary-foreground px-3 py-1 text-sm"
                    onClick={() => sendUserMessage(action.message)}>
              {action.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
