"""Check-in enrolment: the face pipeline, quality checks, the 1:1 check
against the registry's reference template, consent and the boarding pass.

The only package that imports face_recognition, dlib or cv2. Knows nothing of
HTTP or the database.
"""
