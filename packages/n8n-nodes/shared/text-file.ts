import type { IBinaryData } from 'n8n-workflow';

/** How many bytes go through String.fromCharCode at once: well under any engine's argument limit. */
const CHUNK = 0x8000;

/**
 * A text as an n8n binary file (UTF-8, base64 in `data`, as n8n keeps binary data in an item), for Write
 * File, Google Drive or Send Email. Built without Node's `Buffer`, which n8n's community-package review
 * refuses; n8n reads such a file back with `getBinaryDataBuffer` like one it stored itself.
 */
export function textFile(text: string, fileName: string, mimeType: string): IBinaryData {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let start = 0; start < bytes.length; start += CHUNK)
    binary += String.fromCharCode(...bytes.subarray(start, start + CHUNK));
  const dot = fileName.lastIndexOf('.');
  return {
    data: btoa(binary),
    mimeType,
    fileName,
    ...(dot > 0 ? { fileExtension: fileName.slice(dot + 1) } : {}),
    fileSize: `${bytes.length} B`,
  };
}
