// asl-validator 4 ships no type declarations for its entry point.
declare module 'asl-validator' {
  export default function aslValidator(
    definition: object,
    options?: { checkPaths?: boolean; checkArn?: boolean },
  ): { isValid: boolean; errors: unknown[] };
}
