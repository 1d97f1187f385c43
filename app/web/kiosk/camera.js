// The kiosk camera: a live preview through getUserMedia and a still frame as JPEG.
//
// Browsers allow the camera only in a secure context (https, or http on
// localhost/127.0.0.1); anywhere else `start` fails and the kiosk offers the
// file upload instead.

let stream = null;

/** Start the front camera into `video`; throws when no camera can be used. */
export async function start(video) {
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    throw new Error("getUserMedia is not available (insecure context or no camera support)");
  }
  stop();
  stream = await navigator.mediaDevices.getUserMedia({
    audio: false,
    video: { facingMode: "user", width: { ideal: 1280 }, height: { ideal: 960 } },
  });
  video.srcObject = stream;
  await video.play().catch(() => {});
  return stream;
}

/** Release the camera (on leaving the capture screen or on the idle timeout). */
export function stop() {
  if (stream) for (const track of stream.getTracks()) track.stop();
  stream = null;
}

export function running() {
  return stream !== null && stream.getVideoTracks().some((t) => t.readyState === "live");
}

/**
 * The current frame as a JPEG blob, as the camera sees it (not mirrored like
 * the preview): the server's face pipeline wants the real orientation.
 */
export function grab(video, quality = 0.92) {
  const canvas = document.createElement("canvas");
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("no frame"))), "image/jpeg", quality);
  });
}
