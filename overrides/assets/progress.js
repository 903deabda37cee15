// The progress page: counts the Quick Check answers stored in this browser
// against the server-rendered list of every Quick Check (overrides/progress.html),
// hides what is answered right and offers to forget everything.

import { forgetAll, storedResult } from "./quick-check.js";

function setCount(row, answered, right) {
  row.querySelector("[data-qc-answered]").textContent = String(answered);
  row.querySelector("[data-qc-right]").textContent = String(right);
}

function count(root) {
  let answered = 0;
  let right = 0;
  let total = 0;
  for (const group of root.querySelectorAll(".qc-progress__left > li")) {
    let pageAnswered = 0;
    let pageRight = 0;
    const quizzes = [...group.querySelectorAll("[data-qc-quiz]")];
    for (const item of quizzes) {
      const result = storedResult(item.dataset.qcQuiz, item.dataset.qcAnswer, item.dataset.qcLetters);
      if (result) pageAnswered += 1;
      if (result === "right") pageRight += 1;
      item.hidden = result === "right";
      item.querySelector("[data-qc-wrong]").hidden = result !== "wrong";
    }
    group.hidden = pageRight === quizzes.length;
    setCount(root.querySelector(`tr[data-qc-page="${group.dataset.qcPage}"]`), pageAnswered, pageRight);
    answered += pageAnswered;
    right += pageRight;
    total += quizzes.length;
  }
  setCount(root.querySelector('tr[data-qc-page="all"]'), answered, right);
  root.querySelector("[data-qc-total]").textContent =
    `You have answered ${answered} of the ${total} Quick Checks in this guide, ${right} of them right.`;
  root.querySelector("[data-qc-done]").hidden = right < total;
}

/** Fill in one progress component from storage, once. */
export function progress(root) {
  if (root.dataset.qcReady) return;
  root.dataset.qcReady = "true";
  root.querySelector("[data-qc-nojs]").hidden = true;
  root.querySelector("[data-qc-js]").hidden = false;
  const status = root.querySelector("[data-qc-reset-status]");
  root.querySelector("[data-qc-reset]").addEventListener("click", () => {
    if (!window.confirm("Forget every Quick Check answer stored in this browser?")) return;
    status.textContent = forgetAll() ? "All answers forgotten." : "This browser's storage is not available.";
    count(root);
  });
  count(root);
}

function progressAll() {
  for (const root of document.querySelectorAll("[data-qc-progress]")) progress(root);
}

if (window.document$) window.document$.subscribe(progressAll);
else progressAll();
