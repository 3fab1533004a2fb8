// API token ids as PVE accepts them: `user@realm!tokenid`, tokenid `[A-Za-z][A-Za-z0-9._-]+`
// (pve-access-control: at least two characters).
export const TOKEN_ID_RE = /^[^\s@!]+@[^\s@!]+![A-Za-z][A-Za-z0-9._-]+$/;
