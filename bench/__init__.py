"""Benchmark harness: corpus generator, loopback server, peers, runner."""
