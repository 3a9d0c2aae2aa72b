// Input schemas of the auth procedures. Client-safe: imports only zod, so the web app and other
// services validate forms with exactly the rules the server applies.
export {};
