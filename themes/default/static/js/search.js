// The search page: the static index the build wrote (Pagefind), read in
// the browser. Without JavaScript the page says where else to look.
const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const area = document.getElementById("search-area");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
document.getElementById("search-nojs").hidden = true;
form.hidden = false;
let pagefind = null;

// An excerpt with its <mark>s, built from text nodes only.
function excerptNode(html) {
  const p = document.createElement("p");
  const parsed = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
  for (const node of parsed.body.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      p.append(mark);
    } else {
      p.append(document.createTextNode(node.textContent));
    }
  }
  return p;
}

async function search(query) {
  area.hidden = false;
  list.replaceChildren();
  if (!query.trim()) { status.textContent = ""; return; }
  pagefind ??= await import(`${form.dataset.bundle}pagefind.js`);
  const found = await pagefind.search(query);
  const results = await Promise.all(found.results.slice(0, 30).map((r) => r.data()));
  status.textContent = results.length ? `${found.results.length} ${form.dataset.hits} ”${query}”` : form.dataset.none;
  for (const r of results) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = r.url;
    a.textContent = r.meta?.title || r.url;
    li.append(a, excerptNode(r.excerpt));
    list.append(li);
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const url = new URL(location.href);
  url.searchParams.set("q", input.value);
  history.replaceState(null, "", url);
  search(input.value);
});

const initial = new URLSearchParams(location.search).get("q");
if (initial) {
  input.value = initial;
  search(initial);
}
