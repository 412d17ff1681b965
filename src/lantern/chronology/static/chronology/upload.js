// Shows how far an upload has got. Without JavaScript the form posts as usual.
// The server checks and imports the file in one request (a 5MB file takes well under a
// second: see benchmarks/), so the long part is sending it; that is what is measured.
for (const form of document.querySelectorAll("form[data-chronology-upload]")) {
  const box = form.querySelector("[data-chronology-progress]");
  const bar = box.querySelector("progress");
  const status = box.querySelector("[data-chronology-status]");
  form.addEventListener("submit", (event) => {
    const input = form.querySelector("input[type=file]");
    if (!input || !input.files.length || !window.XMLHttpRequest) return;
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    box.hidden = false;
    status.textContent = "Uploading the file…";
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action || window.location.href);
    xhr.upload.addEventListener("progress", (e) => {
      if (!e.lengthComputable) return;
      const percent = Math.round((e.loaded / e.total) * 100);
      bar.value = percent;
      status.textContent = `Uploading the file: ${percent}%`;
    });
    xhr.upload.addEventListener("load", () => {
      bar.removeAttribute("value"); // indeterminate while the rows are checked
      status.textContent = "Checking every row and importing…";
    });
    xhr.addEventListener("load", () => {
      if (xhr.responseURL && xhr.responseURL !== window.location.href) {
        window.location.assign(xhr.responseURL);
      } else {
        form.submit(); // the page has something to say about the form: show it as usual
      }
    });
    xhr.addEventListener("error", () => form.submit());
    xhr.send(new FormData(form));
  });
}
