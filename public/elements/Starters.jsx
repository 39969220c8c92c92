// The greeting's suggestions, in the customer's language: a click sends it as the customer's message.
export default function Starters() {
  return (
    <div className="flex flex-wrap gap-2 my-1">
      {(props.items || []).map((item) => (
        <button key={item.label} type="button" data-testid="starter"
                className="rounded-full border border-primary text-primary px-3 py-1 text-sm hover:bg-primary hover:text-primary-foreground"
                onClick={() => sendUserMessage(item.message)}>
          {item.label}
        </button>
      ))}
    </div>
  );
}
