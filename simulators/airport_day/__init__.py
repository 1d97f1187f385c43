"""The airport-day discrete-event simulation (SimPy) on synthetic biometrics."""
