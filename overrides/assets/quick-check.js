// Quick Check quizzes. The hook renders complete, readable markup (radios and
// an answer in <details>); this module only adds checking, feedback and
// memory. It runs on every page Material's instant navigation shows.

const STORAGE_PREFIX = "hfig.quick-check.";

/** The saved answer for a quiz, or null when storage is blocked or holds garbage. */
export function loadAnswer(id) {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_PREFIX + id));
    return saved && typeof saved.choice === "string" ? saved : null;
  } catch {
    return null;
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
    show(chosen.value);
    saveAnswer(form.id, { choice: chosen.value, correct: chosen.value === answer, at: new Date().toISOString() });
    retry.focus();
  });

  retry.addEventListener("click", () => {
    reset();
    forgetAnswer(form.id);
    radios[0].focus();
  });

  const saved = loadAnswer(form.id);
  if (saved && radios.some((radio) => radio.value === saved.choice)) show(saved.choice);
}

function enhanceAll() {
  for (const form of document.querySelectorAll("form.qc")) enhance(form);
}

if (window.document$) window.document$.subscribe(enhanceAll);
else enhanceAll();
