/** The tiny face detector as ONNX bytes, from face-api's weights manifest and its .bin shard. */
export function buildFaceDetectorGraph(manifest: unknown, bin: Uint8Array): Uint8Array;
