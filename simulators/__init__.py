"""Synthetic population and biometrics, the airport-day simulation, the live
gate simulator, and the load-test harness."""
