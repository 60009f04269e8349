// A message for the page the app moves to next, such as "The project was
// deleted." on the projects list after a deletion.

let pending = '';

/** setFlash keeps a message for the next page. */
export function setFlash(message: string) {
  pending = message;
}

/** peekFlash returns the message kept for this page; clearFlash forgets it
 * once the page has shown it. */
export function peekFlash(): string {
  return pending;
}

export function clearFlash() {
  pending = '';
}
