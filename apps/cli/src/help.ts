export const USAGE = `Usage: tasklane <command> [options]

Commands:
  login [--email EMAIL]          sign in and remember the session for this user
                                 (password from a prompt, standard input or TASKLANE_PASSWORD)
  logout                         revoke the session and forget it
  ls [--all | --done] [--search WORDS]
                                 list active tasks (or all, or completed ones)
  add TITLE [--due DATE] [--priority low|medium|high] [--tag TAG]...
                                 add a task; DATE is 2026-12-01, 2026-12-01T17:00, today or tomorrow
  done ID                        mark a task completed (ID: the start of its id, as ls shows)
  rm ID                          delete a task

Options:
  --url URL     the Tasklane server (default: TASKLANE_URL, the server you logged in to,
                or http://127.0.0.1:3000)
  --json        print JSON instead of text
  --insecure    allow a plain http:// server other than this machine (passwords and
                tokens then cross the network unencrypted)
  -h, --help    show this help
  --version     show the version

Exit status: 0 success, 1 failure (server, session, unknown task), 2 wrong usage.
`;
