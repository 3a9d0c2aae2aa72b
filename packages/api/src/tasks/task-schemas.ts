// Input schemas of the task procedures. Client-safe: imports only zod.
export {};
