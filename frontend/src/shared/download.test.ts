import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/client';
import { downloadedWords, projectFile } from './download';

afterEach(() => vi.restoreAllMocks());

describe('projectFile', () => {
  it('asks for the file under the project, with the name to fall back on', async () => {
    const got = { blob: new Blob(['x']), fileName: 'codebook.xlsx' };
    const download = vi.spyOn(api, 'download').mockResolvedValue(got);
    const fetch = projectFile('p/1', '/exports/codebook.xlsx', 'codebook.xlsx');
    expect(download).not.toHaveBeenCalled(); // only when the button is pressed
    expect(await fetch()).toBe(got);
    expect(download).toHaveBeenCalledWith('/projects/p%2F1/exports/codebook.xlsx', 'codebook.xlsx');
  });
});

describe('downloadedWords', () => {
  it('names the file and says where to find it', () => {
    expect(downloadedWords('findings.xlsx')).toBe('Downloaded “findings.xlsx”. Look for it in your downloads.');
  });
});
