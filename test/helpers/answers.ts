// Collects every tool answer a test file produces, so one test can check that none of them shows the token.
export interface AnswerLog {
  record<T>(answer: T): T;
  count(): number;
  /** Answers whose serialized form contains the token (or its tail, in case of partial redaction). */
  leaks(): string[];
}

export function answerLog(token: string): AnswerLog {
  const answers: string[] = [];
  const tail = token.slice(-12);
  return {
    record(answer) {
      answers.push(JSON.stringify(answer));
      return answer;
    },
    count: () => answers.length,
    leaks: () => answers.filter((a) => a.includes(token) || a.includes(tail)),
  };
}
