"""The mock VNeID registry: personal identification numbers, provinces of
birth, Vietnamese names and the seeded synthetic population.

Pure and database-free: `app/` stores what these functions return.
"""
