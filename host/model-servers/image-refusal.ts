// Whether a server's error message says "this model does not take images".
// The status cannot tell: llama-server and Ollama answer such a request
// with 500, the same as a crash, and a 400 may be about anything else in
// the request. So the words are matched, as each server writes them:
//   llama-server  "image input is not supported - hint: ... provide the mmproj" (500),
//                 older: 'Unsupported content part type: "image_url"' (500)
//   Ollama        "... this model is missing data required for image input" (500),
//                 "this model does not support image input" (400)
//   vLLM          "<model> is not a multimodal model" (400),
//                 "At most 0 image(s) may be provided in one prompt" (400)
//   OpenAI        "Invalid content type. image_url is only supported by certain models." (400)
//   LM Studio     "Model does not support images. ..." (400)
// A message about a broken image ("invalid image input") is not one: the
// model may read images and this one was malformed.
const refusals = [
  /\bimages?( input)? (is|are) not supported/i,
  /\bdoes not support (image|images|vision)\b/i,
  /\bmissing data required for image input/i,
  /\bis not a multimodal model/i,
  /\bat most 0 image/i,
  /\bimage_url is only supported by certain models/i,
  /unsupported content part type:? *"?image_url/i,
];

export function refusesImages(message: string | undefined): boolean {
  return message !== undefined && refusals.some((pattern) => pattern.test(message));
}
