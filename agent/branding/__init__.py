"""The shop's own look in the widget and the app: name, logo, colour, footer; nothing of Chainlit."""
