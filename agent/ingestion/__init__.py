"""Turn catalogs and FAQ documents into an on-disk FAISS index, incrementally and atomically."""
