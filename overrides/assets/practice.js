// Practice mode: every Quick Check of the site (rendered server-side by
// overrides/practice.html with the same markup as on its page), one at a time
// in a shuffled order, with a running score and a summary at the end. The
// quizzes themselves are quick-check.js's: they check, explain and store.

import { storedResult } from "./quick-check.js";

function shuffle(items) {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

function quizOf(item) {
  return item.querySelector("form.qc");
}

function isRight(item) {
  const form = quizOf(item);
  const letters = [...form.querySelectorAll(".qc__radio")].map((radio) => radio.value).join("");
  return storedResult(form.id, form.dataset.qcAnswer, letters) === "right";
}

/** Run one practice component, once. */
export function practice(root) {
  if (root.dataset.qcReady) return;
  root.dataset.qcReady = "true";

  const part = (name) => root.querySelector(`[data-qc-${name}]`);
  const list = part("list");
  const status = part("status");
  const next = part("next");
  const items = [...list.children];
  const results = new Map();
  let round = [];
  let position = 0;

  const panels = (visible) => {
    for (const name of ["start", "status", "list", "controls", "summary"]) part(name).hidden = !visible.includes(name);
  };

  const score = () => [...results.values()].filter(Boolean).length;

  const report = () => {
    status.textContent = `Question ${position + 1} of ${round.length}. Score: ${score()} right of ${results.size} answered.`;
  };

  const show = (index) => {
    position = index;
    round.forEach((item, k) => { item.hidden = k !== index; });
    next.textContent = index === round.length - 1 ? "See your score" : "Next question";
    report();
    quizOf(round[index]).querySelector(".qc__radio").focus();
  };

  const offer = () => {
    const left = items.filter((item) => !isRight(item));
    part("start-text").textContent =
      `${items.length} Quick Checks from every page of the guide. ` +
      `You have answered ${items.length - left.length} of them right so far.`;
    const leftButton = part("practice-left");
    leftButton.textContent = `Practise the ${left.length} not yet answered right`;
    leftButton.hidden = left.length === 0 || left.length === items.length;
    panels(["start"]);
  };

  const begin = (chosen) => {
    round = shuffle(chosen);
    results.clear();
    for (const item of items) item.hidden = true;
    for (const item of round) {
      list.append(item);
      quizOf(item).dispatchEvent(new CustomEvent("qc:clear"));
    }
    panels(["status", "list", "controls"]);
    show(0);
  };

  const finish = () => {
    const missed = round.filter((item) => results.get(quizOf(item).id) !== true);
    part("summary-text").textContent =
      `You answered ${results.size} of ${round.length} Quick Checks and got ${score()} right.`;
    part("missed").replaceChildren(...missed.map((item) => {
      const link = document.createElement("a");
      link.href = item.querySelector(".qc-practice__from a").href;
      link.textContent = quizOf(item).querySelector(".qc__question").textContent.trim();
      const entry = document.createElement("li");
      entry.append(link);
      return entry;
    }));
    part("missed-block").hidden = missed.length === 0;
    panels(["summary"]);
    part("summary-title").focus();
  };

  root.addEventListener("qc:answer", (event) => {
    if (!results.has(event.detail.id)) results.set(event.detail.id, event.detail.correct);
    report();
  });
  next.addEventListener("click", () => (position + 1 < round.length ? show(position + 1) : finish()));
  part("practice-all").addEventListener("click", () => begin(items));
  part("practice-left").addEventListener("click", () => begin(items.filter((item) => !isRight(item))));
  part("again").addEventListener("click", () => {
    offer();
    part("practice-all").focus();
  });

  part("nojs").hidden = true;
  root.classList.add("qc-practice--on");
  offer();
}

function practiceAll() {
  for (const root of document.querySelectorAll("[data-qc-practice]")) practice(root);
}

if (window.document$) window.document$.subscribe(practiceAll);
else practiceAll();
