// The export's CPU work, in the Anki worker: this app's cards → Anki notes (Markdown → HTML, TeX → \(…\)/\[…\]),
// our images packed as media files under the names the fields use, then the `.apkg` itself.
import { buildExportCollection, writeApkg, type ExportInput } from '../anki';
import { mediaShaOf } from '../media-types';
import type { PackedImage } from './protocol';

const imgPattern = /<img src="([^"]*)" alt="([^"]*)">/g;

/**
 * The `.apkg` of an export. An image of our media store (`/api/v1/media/<sha256>`) becomes the packed file
 * `<sha256>.<ext>` (which an import brings back to the same stored image); any other image is left out, as the
 * app never shows it, and its alt text stays.
 */
export async function exportPackage(input: ExportInput, images: readonly PackedImage[]): Promise<Uint8Array> {
  const collection = buildExportCollection(input);
  const names = new Map(images.map((image) => [image.sha256, image.name]));
  const notes = collection.notes.map((note) => ({
    ...note,
    fields: note.fields.map((field) =>
      field.replace(imgPattern, (_, src: string, alt: string) => {
        const name = names.get(mediaShaOf(src) ?? '');
        return name ? `<img src="${name}" alt="${alt}">` : alt;
      }),
    ),
  }));
  const used = new Set(notes.flatMap((note) => note.fields.flatMap((field) => [...field.matchAll(/<img src="([^"]*)"/g)].map((match) => match[1]))));
  const media = images.filter((image) => used.has(image.name)).map((image) => ({ name: image.name, bytes: image.bytes }));
  return writeApkg({ ...collection, notes, media }, { nowMs: input.nowMs });
}
