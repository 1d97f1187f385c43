"""`skygate bench matching`: the matching core against its floor and baselines.

`suite.run(config)` measures and returns a JSON-ready dict; the CLI command
(`app/cli/bench_matching.py`) only displays it. Optional comparators
(faiss-cpu, face_recognition) are imported when the benchmark runs, never
by the matching core itself.
"""
