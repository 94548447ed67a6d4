// The query page: YASGUI against this service's own endpoint, with no requests
// to anywhere else (no prefix.cc or LOV autocompletion, no shared links).
(function () {
  const queries = JSON.parse(document.getElementById("named-queries-data").textContent);
  const endpoint = new URL("/sparql", window.location.href).toString();
  Yasgui.Yasqe.defaults.autocompleters = ["variables"];
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
    persistenceId: "ofsted-kg-query",
    yasqe: { createShareableLink: null },
  });
  const byName = Object.fromEntries(queries.map((q) => [q.name, q]));
  document.querySelectorAll("button[data-query]").forEach((button) => {
    button.addEventListener("click", () => {
      const tab = yasgui.getTab();
      tab.setQuery(byName[button.dataset.query].query);
    });
  });
})();
