/** Local files: open with a picker or by dropping on the canvas; download as .bpmn or .svg. */

export interface LocalFile {
  name: string;
  text: string;
}

/** Opens the browser's file picker for BPMN files; resolves with undefined when the user cancels. */
export function pickFile(input: HTMLInputElement): Promise<LocalFile | undefined> {
  return new Promise((resolve) => {
    input.value = '';
    input.onchange = async () => {
      const file = input.files?.[0];
      resolve(file ? { name: file.name, text: await file.text() } : undefined);
    };
    input.oncancel = () => resolve(undefined);
    input.click();
  });
}

/** Calls `onFile` with the first file dropped on `target`, and marks the target while a file is dragged over it. */
export function acceptDrops(target: HTMLElement, onFile: (file: LocalFile) => void): void {
  const hasFiles = (event: DragEvent) => [...(event.dataTransfer?.types ?? [])].includes('Files');
  target.addEventListener('dragover', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer!.dropEffect = 'copy';
    target.classList.add('drop-target');
  });
  target.addEventListener('dragleave', () => target.classList.remove('drop-target'));
  target.addEventListener('drop', async (event) => {
    target.classList.remove('drop-target');
    const file = event.dataTransfer?.files[0];
    if (!file) return;
    event.preventDefault();
    onFile({ name: file.name, text: await file.text() });
  });
}

export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** 'order.bpmn' -> 'order.svg'; a name without .bpmn gets the extension appended. */
export function withExtension(name: string, extension: '.bpmn' | '.dmn' | '.svg'): string {
  return `${name.replace(/\.(bpmn|dmn|xml)$/i, '')}${extension}`;
}
