// Quick Check quizzes. The hook renders complete, readable markup (radios and
// an answer in <details>); this module only adds checking, feedback and
// memory. It runs on every page Material's instant navigation shows.
//
// A quiz tells the page what happens to it with events that bubble from its
// <form>: "qc:answer" (detail {id, choice, correct}) when an answer is checked;
// it listens for "qc:clear", which empties it without forgetting the stored
// answer. Inside an element marked data-qc-fresh (practice mode) a quiz starts
// empty instead of showing the stored answer.

export const STORAGE_PREFIX = "hfig.quick-check.";

/** The saved answer for a quiz, or null when storage is blocked or holds garbage. */
export function loadAnswer(id) {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_PREFIX + id));
    return saved && typeof saved.choice === "string" ? saved : null;
  } catch {
    return null;
  }
}

/** "right", "wrong" or null (not answered, or answered with a letter the quiz no longer has). */
export function storedResult(id, answer, letters) {
  const saved = loadAnswer(id);
  if (!saved || !letters.includes(saved.choice)) return null;
  return saved.choice === answer ? "right" : "wrong";
}

/** Forget every stored Quick Check answer; false when storage is unavailable. */
export function forgetAll() {
  try {
    const keys = [];
    for (let i = 0; i < localStorage.length; i += 1) keys.push(localStorage.key(i));
    for (const key of keys) if (key && key.startsWith(STORAGE_PREFIX)) localStorage.removeItem(key);
    return true;
  } catch {
    return false;
  }
}

function saveAnswer(id, answer) {
  try {
    localStorage.setItem(STORAGE_PREFIX + id, JSON.stringify(answer));
  } catch {
    // Storage is full or blocked: the quiz works, it just won't remember.
  }
}

function forgetAnswer(id) {
  try {
    localStorage.removeItem(STORAGE_PREFIX + id);
  } catch {
    // Nothing to forget when storage is unavailable.
  }
}

function paragraph(text) {
  const node = document.createElement("p");
  node.textContent = text;
  return node;
}

/** Turn one server-rendered quiz into an interactive one, once. */
export function enhance(form) {
  if (form.dataset.qcReady) return;
  form.dataset.qcReady = "true";

  const answer = form.dataset.qcAnswer;
  const radios = [...form.querySelectorAll(".qc__radio")];
  const check = form.querySelector(".qc__check");
  const retry = form.querySelector(".qc__retry");
  const feedback = form.querySelector(".qc__feedback");
  const details = form.querySelector(".qc__answer");
  form.querySelector(".qc__actions").hidden = false;

  const show = (choice) => {
    const right = choice === answer;
    form.dataset.qcResult = right ? "right" : "wrong";
    for (const radio of radios) {
      radio.checked = radio.value === choice;
      radio.disabled = true;
      const option = radio.closest(".qc__option");
      option.classList.toggle("qc__option--answer", radio.value === answer);
      option.classList.toggle("qc__option--wrong", radio.value === choice && !right);
    }
    const verdict = right
      ? `Correct: ${answer} is the answer.`
      : `Not quite: you chose ${choice}, the answer is ${answer}.`;
    const why = details.querySelector(`[data-qc-option="${choice}"] .qc__why-text`);
    const reason = document.createElement("div");
    reason.className = "qc__reason";
    if (why) reason.append(...[...why.childNodes].map((node) => node.cloneNode(true)));
    feedback.replaceChildren(paragraph(verdict), reason);
    details.open = true;
    check.hidden = true;
    retry.hidden = false;
  };

  const reset = () => {
    delete form.dataset.qcResult;
    for (const radio of radios) {
      radio.checked = false;
      radio.disabled = false;
      radio.closest(".qc__option").classList.remove("qc__option--answer", "qc__option--wrong");
    }
    feedback.replaceChildren();
    details.open = false;
    check.hidden = false;
    retry.hidden = true;
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = radios.find((radio) => radio.checked);
    if (!chosen) {
      feedback.replaceChildren(paragraph("Choose an option first."));
      return;
    }
    const correct = chosen.value === answer;
    show(chosen.value);
    saveAnswer(form.id, { choice: chosen.value, correct, at: new Date().toISOString() });
    retry.focus();
    const detail = { id: form.id, choice: chosen.value, correct };
    form.dispatchEvent(new CustomEvent("qc:answer", { bubbles: true, detail }));
  });

  retry.addEventListener("click", () => {
    reset();
    forgetAnswer(form.id);
    radios[0].focus();
  });

  form.addEventListener("qc:clear", reset);

  const saved = form.closest("[data-qc-fresh]") ? null : loadAnswer(form.id);
  if (saved && radios.some((radio) => radio.value === saved.choice)) show(saved.choice);
}

function enhanceAll() {
  for (const form of document.querySelectorAll("form.qc")) enhance(form);
}

if (window.document$) window.document$.subscribe(enhanceAll);
else enhanceAll();
