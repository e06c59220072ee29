"""The AT-SPI harness: the window on a virtual display, read through the real accessibility bus (test_atspi.py)."""
