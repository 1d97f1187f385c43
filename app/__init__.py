"""The SkyGate service: FastAPI app, settings, database, API, mock VNeID
registry, operations dashboard and the `skygate` command line."""
