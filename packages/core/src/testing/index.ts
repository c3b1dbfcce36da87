// The backend conformance suite; filled in by the conformance work.
export {};
