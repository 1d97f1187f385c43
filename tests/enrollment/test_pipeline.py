"""The face pipeline on real photos: templates, every refusal code, the gate variant."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import cv2
import numpy as np
import pytest

from enrollment.dlib_model import DlibFaceModel
from enrollment.imaging import DecodedImage
from enrollment.pipeline import FacePipeline
from matching.errors import InvalidInput
from tests.conftest import PROJECT_ROOT
from tests.enrollment.conftest import (
    BIDEN,
    NO_FACE,
    OBAMA,
    OBAMA_OTHER,
    TWO_PEOPLE,
    WHITE,
    decode_rgb,
    encode,
)

pytestmark = pytest.mark.realface


def _refusal(pipeline: FacePipeline, data: bytes | DecodedImage) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        pipeline.enrol(data)
    return caught.value


def _image(rgb: np.ndarray) -> DecodedImage:
    return DecodedImage(np.ascontiguousarray(rgb), "png", 0)


def test_two_photos_of_one_person_give_templates_within_0_6(pipeline, photo):
    a = pipeline.enrol(photo(OBAMA))
    b = pipeline.enrol(photo(OBAMA_OTHER))
    assert a.template.dtype == np.float32 and a.template.shape == (128,)
    assert a.model == "dlib_resnet_v1"
    assert np.linalg.norm(a.template - b.template) < 0.6


def test_photos_of_two_people_give_templates_further_than_0_6(pipeline, photo):
    a = pipeline.enrol(photo(OBAMA))
    b = pipeline.enrol(photo(BIDEN))
    assert np.linalg.norm(a.template - b.template) > 0.6


def test_the_capture_reports_the_face_box_and_json_ready_quality_figures(pipeline, photo):
    capture = pipeline.enrol(photo(OBAMA))
    box = capture.box
    assert 0 <= box.left < box.right <= 910 and 0 <= box.top < box.bottom <= 1137
    assert len(capture.faces) == 1
    quality = capture.quality_dict
    assert all(type(v) in (int, float) for v in quality.values())
    assert quality["faces"] == 1 and quality["inter_eye_px"] > 60
    assert abs(quality["roll_deg"]) < 10 and abs(quality["yaw_offset"]) < 0.2


def test_the_stage_times_are_recorded(pipeline, photo):
    timings: dict[str, float] = {}
    pipeline.enrol(photo(OBAMA), timings)
    assert set(timings) == {"decode", "detect", "landmarks", "quality", "encode"}
    assert all(t > 0 for t in timings.values())


def test_a_group_photo_is_refused_as_multiple_faces(pipeline, photo):
    error = _refusal(pipeline, photo(TWO_PEOPLE))
    assert error.code == "multiple_faces"
    assert error.extra["quality"]["faces"] >= 2


@pytest.mark.parametrize("no_face", [NO_FACE, WHITE])
def test_a_photo_without_a_face_is_refused_as_no_face(pipeline, photo, no_face):
    assert _refusal(pipeline, photo(no_face)).code == "no_face"


def test_a_tiny_face_in_a_large_frame_is_refused_as_face_too_small(pipeline, photo):
    # obama.jpg has ~105 px between the eyes; at a fifth of the size, ~21 px.
    small = cv2.resize(decode_rgb(photo(OBAMA)), None, fx=0.2, fy=0.2,
                       interpolation=cv2.INTER_AREA)
    frame = np.full((480, 640, 3), 128, np.uint8)
    frame[100 : 100 + small.shape[0], 200 : 200 + small.shape[1]] = small
    error = _refusal(pipeline, encode(frame, quality=95))
    assert error.code == "face_too_small"
    assert error.extra["quality"]["inter_eye_px"] < 28


def test_a_blurred_face_is_refused_as_too_blurry(pipeline, photo):
    rgb = decode_rgb(photo(OBAMA))
    blurred = cv2.GaussianBlur(rgb, (0, 0), 8)  # 3 % of the 263 px face
    assert _refusal(pipeline, _image(blurred)).code == "too_blurry"


@pytest.mark.parametrize("gain", [0.12, 3.0])
def test_a_dark_or_burnt_out_face_is_refused_as_bad_exposure(pipeline, photo, gain):
    rgb = decode_rgb(photo(OBAMA)).astype(np.float32)
    assert _refusal(pipeline, _image(np.clip(rgb * gain, 0, 255).astype(np.uint8))).code == (
        "bad_exposure")


def test_a_face_turned_on_its_side_is_refused_as_bad_pose(pipeline, photo):
    rgb = decode_rgb(photo(OBAMA))
    h, w = rgb.shape[:2]
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), 35, 1.0)  # HOG still finds it at 35 degrees
    error = _refusal(pipeline, _image(cv2.warpAffine(rgb, turn, (w, h))))
    assert error.code == "bad_pose" and abs(error.extra["quality"]["roll_deg"]) > 25


def test_a_sideways_photo_is_enrolled_when_exif_says_how_to_turn_it(pipeline, photo):
    from PIL import Image

    upright = pipeline.enrol(photo(OBAMA))
    stored = np.ascontiguousarray(np.rot90(decode_rgb(photo(OBAMA)), k=1))
    assert _refusal(pipeline, encode(stored, quality=95)).code == "no_face"
    exif = Image.Exif()
    exif[0x0112] = 6
    turned = pipeline.enrol(encode(stored, quality=95, exif=exif.tobytes()))
    assert np.linalg.norm(turned.template - upright.template) < 0.1


def test_the_gate_scan_reports_every_large_face_instead_of_refusing(pipeline, photo):
    scan = pipeline.scan(photo(TWO_PEOPLE))
    assert len(scan.faces) >= 2 and scan.large_faces >= 2
    assert scan.box == scan.faces[0]
    assert scan.faces[0].width >= scan.faces[1].width
    assert scan.template.shape == (128,)
    single = pipeline.scan(photo(OBAMA))
    assert (single.large_faces, single.problem) == (1, None)


def test_the_gate_scan_still_refuses_an_image_without_a_face(pipeline, photo):
    with pytest.raises(InvalidInput) as caught:
        pipeline.scan(photo(NO_FACE))
    assert caught.value.code == "no_face"


def test_measure_reports_the_failure_without_refusing(pipeline, photo):
    measured = pipeline.measure(photo(TWO_PEOPLE))
    assert measured.failure == "multiple_faces" and measured.template.shape == (128,)


def test_templates_are_those_of_face_recognition_for_the_same_face_box(photo):
    import face_recognition  # sets Pillow's LOAD_TRUNCATED_IMAGES: see test_imaging

    model = DlibFaceModel()
    rgb = decode_rgb(photo(OBAMA_OTHER))
    box = model.detect(rgb)[0]
    ours = model.encode(rgb, model.landmarks(rgb, box))
    theirs = face_recognition.face_encodings(rgb, [(box.top, box.right, box.bottom, box.left)])[0]
    np.testing.assert_allclose(ours, theirs, atol=1e-6)


def test_the_model_loads_on_first_use_not_before():
    model = DlibFaceModel()
    assert not model.loaded
    model.detect(np.zeros((100, 100, 3), np.uint8))
    assert model.loaded


def test_importing_the_pipeline_loads_no_model_and_leaves_pillow_strict():
    code = (
        "import sys; import enrollment.pipeline, enrollment.faceset, enrollment.dlib_model;"
        "from PIL import ImageFile;"
        "assert 'face_recognition' not in sys.modules, 'face_recognition imported';"
        "assert not ImageFile.LOAD_TRUNCATED_IMAGES;"
        "assert not enrollment.dlib_model.default_model().loaded"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=PROJECT_ROOT)


def test_threads_sharing_one_pipeline_get_the_same_templates_as_one_thread(pipeline, photo):
    images = [photo(OBAMA), photo(OBAMA_OTHER), photo(BIDEN)] * 2
    serial = [pipeline.enrol(data).template for data in images]
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(lambda data: pipeline.enrol(data).template, images))
    for a, b in zip(serial, parallel, strict=True):
        np.testing.assert_array_equal(a, b)
