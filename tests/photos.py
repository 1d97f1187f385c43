"""Real photos used across the tests (paths relative to ../shared/faces)."""

from __future__ import annotations

OBAMA = "face_recognition/obama/obama.jpg"
OBAMA_OTHER = "face_recognition/obama/obama2.jpg"  # another photo (photo group)
BIDEN = "face_recognition/biden/biden.jpg"
TWO_PEOPLE = "face_recognition/_multi_face/two_people.jpg"
NO_FACE = "compreface/_no_face/017_0.jpg"
WHITE = "face-api.js/_no_face/test_white.png"
TRUNCATED = "compreface/_broken_file/truncated.jpg"
CORRUPTED = "compreface/_broken_file/corrupted.png"
EMPTY = "compreface/_broken_file/empty.png"
PNG_PHOTO = "face_recognition/alex_lacamoire/alex-lacamoire.png"
