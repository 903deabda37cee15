// Practice mode: every Quick Check of the site, one at a time in a shuffled
// order, with a running score and a summary at the end. overrides/practice.html
// lists the quizzes as links to their pages; each quiz is fetched from its page
// when its turn comes (a page is fetched once, the next one ahead of time),
// parsed with DOMParser as Material's instant navigation does, and imported
// with its links made absolute. The quizzes themselves are quick-check.js's:
// they check, explain and store.

import { enhance, storedResult } from "./quick-check.js";

function shuffle(items) {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

function isRight(item) {
  const { qcQuiz, qcAnswer, qcLetters } = item.dataset;
  return storedResult(qcQuiz, qcAnswer, qcLetters) === "right";
}

/** A copy of the item's link to its quiz, on the quiz's own page. */
function linkTo(item) {
  return item.querySelector("a").cloneNode(true);
}

function paragraph(...nodes) {
  const node = document.createElement("p");
  node.append(...nodes);
  return node;
}

/** Fetches each question page once; `quiz(item)` is a fresh copy of the item's quiz, or null. */
function quizLoader() {
  const pages = new Map();
  const page = (url) => {
    if (!pages.has(url)) {
      pages.set(url, fetch(url)
        .then((response) => (response.ok ? response.text() : Promise.reject(new Error(response.statusText))))
        .then((text) => new DOMParser().parseFromString(text, "text/html"))
        .catch(() => { pages.delete(url); return null; }));
    }
    return pages.get(url);
  };
  const pageOf = (item) => item.querySelector("a").href.split("#")[0];
  return {
    prefetch(item) { if (item) page(pageOf(item)); },
    async quiz(item) {
      const url = pageOf(item);
      const source = await page(url);
      const form = source && source.getElementById(item.dataset.qcQuiz);
      if (!form) return null;
      const copy = document.importNode(form, true);
      for (const [attribute, selector] of [["href", "[href]"], ["src", "[src]"]]) {
        for (const node of copy.querySelectorAll(selector)) {
          node.setAttribute(attribute, new URL(node.getAttribute(attribute), url).href);
        }
      }
      return copy;
    },
  };
}

/** Run one practice component, once. */
export function practice(root) {
  if (root.dataset.qcReady) return;
  root.dataset.qcReady = "true";

  const part = (name) => root.querySelector(`[data-qc-${name}]`);
  const stage = part("stage");
  const status = part("status");
  const next = part("next");
  const items = [...part("list").children];
  const loader = quizLoader();
  const results = new Map();
  let round = [];
  let position = 0;
  let turn = 0; // bumped whenever the stage changes hands, so a late load is dropped

  const panels = (visible) => {
    for (const name of ["start", "status", "stage", "list", "controls", "summary"]) part(name).hidden = !visible.includes(name);
  };

  const score = () => [...results.values()].filter(Boolean).length;

  const report = () => {
    status.textContent = `Question ${position + 1} of ${round.length}. Score: ${score()} right of ${results.size} answered.`;
  };

  const from = (item) => {
    const link = linkTo(item);
    link.textContent = item.querySelector("[data-qc-title]").textContent;
    const line = paragraph("From ", link);
    line.className = "qc-practice__from";
    return line;
  };

  const show = async (index) => {
    position = index;
    const mine = ++turn;
    const item = round[index];
    next.textContent = index === round.length - 1 ? "See your score" : "Next question";
    report();
    stage.replaceChildren(paragraph("Loading the question…"));
    const form = await loader.quiz(item);
    if (mine !== turn) return;
    if (!form) {
      stage.replaceChildren(paragraph("This Quick Check could not be loaded. Open it on its page: ", linkTo(item)));
      return;
    }
    stage.replaceChildren(from(item), form);
    enhance(form);
    form.querySelector(".qc__radio").focus();
    loader.prefetch(round[index + 1]);
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
    panels(["status", "stage", "controls"]);
    show(0);
  };

  const finish = () => {
    const missed = round.filter((item) => results.get(item.dataset.qcQuiz) !== true);
    part("summary-text").textContent =
      `You answered ${results.size} of ${round.length} Quick Checks and got ${score()} right.`;
    part("missed").replaceChildren(...missed.map((item) => {
      const entry = document.createElement("li");
      entry.append(linkTo(item));
      return entry;
    }));
    part("missed-block").hidden = missed.length === 0;
    turn += 1;
    stage.replaceChildren();
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
  offer();
}

function practiceAll() {
  for (const root of document.querySelectorAll("[data-qc-practice]")) practice(root);
}

if (window.document$) window.document$.subscribe(practiceAll);
else practiceAll();
