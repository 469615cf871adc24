"""The scale data set and the scale benchmark (see ``bench/scale/__main__.py``)."""
