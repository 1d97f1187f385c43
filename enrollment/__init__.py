"""Check-in enrolment: the face pipeline, quality checks, the 1:1 check
against the registry's reference template, consent and the boarding pass.

The only package that imports face_recognition, dlib or cv2. Knows nothing of
HTTP or the database.

    imaging        safe decoding of uploads (limits, formats, truncation, EXIF)
    facemodel      the face model interface (FaceBox, Landmarks, FaceModel)
    dlib_model     dlib HOG + 5-point landmarks + ResNet encoder (dlib_resnet_v1)
    quality        quality figures and the thresholds that judge them
    pipeline       FacePipeline: enrol (check-in), scan (gate), measure (calibration)
    policy         who may enrol, when, 1:1 decision and attempt lock-out
    boarding_pass  IATA Resolution 792 BCBP strings and their QR codes
    faceset        the labelled photos measured through the pipeline, cached
    calibration    1:1 error rates and quality evidence over the face set
    benchmark      stage timings by frame size against face_recognition's defaults

Nothing heavy is imported here: `import enrollment.policy` costs no model load.
"""
