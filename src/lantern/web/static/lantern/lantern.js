// Starts GOV.UK Frontend's components on every page, and lets wide tables reflow.
import { initAll } from "../dist/govuk-frontend.min.js";

// WCAG 2.2, 1.4.10 Reflow: at 320 CSS px a page must not scroll sideways. A data table
// may (its rows only make sense whole), but only inside its own region, which a keyboard
// can reach (tabindex) and a screen reader names (after the table's caption). The CSS
// (.lantern-table-scroll in frontend/lantern.scss) does the scrolling; this wraps every
// table once, so no page template has to remember to.
export function wrapTables(root = document) {
  let count = 0;
  root.querySelectorAll("table.govuk-table").forEach((table) => {
    if (table.parentElement && table.parentElement.classList.contains("lantern-table-scroll")) {
      return;
    }
    const region = document.createElement("div");
    region.className = "lantern-table-scroll";
    region.setAttribute("role", "region");
    region.setAttribute("tabindex", "0");
    const caption = table.querySelector(":scope > caption");
    if (caption && caption.textContent.trim()) {
      while (!caption.id) {
        count += 1;
        const id = `lantern-table-caption-${count}`;
        if (!document.getElementById(id)) caption.id = id;
      }
      region.setAttribute("aria-labelledby", caption.id);
    } else {
      // No caption: name the region after the nearest heading before it, or plainly.
      let heading = null;
      for (let node = table; node && !heading; node = node.parentElement) {
        for (let sib = node.previousElementSibling; sib && !heading; sib = sib.previousElementSibling) {
          heading = sib.matches("h1, h2, h3, h4") ? sib : sib.querySelector("h1, h2, h3, h4");
        }
        if (node.matches && node.matches("main")) break;
      }
      const name = heading ? heading.textContent.trim().replace(/\s+/g, " ") : "";
      region.setAttribute("aria-label", name ? `${name} (table)` : "Table");
    }
    table.parentNode.insertBefore(region, table);
    region.appendChild(table);
  });
}

wrapTables();
// Tables that htmx swaps in later are wrapped too.
document.body.addEventListener("htmx:afterSwap", (event) => wrapTables(event.target));

initAll();
