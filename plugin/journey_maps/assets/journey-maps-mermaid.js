/* Journey Maps: load the site's own Mermaid library only on pages that draw a diagram.
 *
 * Material for MkDocs (and Zensical) renders `.mermaid` blocks with the global `mermaid`, and
 * fetches the library from a public CDN when there is none. This script defines a small
 * stand-in instead: Material calls its `initialize` once and its `render` for each diagram,
 * and only the first `render` fetches mermaid.min.js from this site. A page without a diagram
 * never calls it, so it downloads no Mermaid; after instant navigation to a page with
 * diagrams, the same stand-in loads the library then. Once loaded, the library replaces the
 * stand-in as the global `mermaid`.
 */
(function () {
  "use strict";
  if (typeof window.mermaid !== "undefined" && !(window.mermaid instanceof Element)) {
    return; // the site loads a Mermaid of its own
  }
  var here = document.currentScript && document.currentScript.src;
  var url = new URL("../javascripts/mermaid.min.js", here || document.baseURI).href;
  var settings = null;
  var loading = null;

  function load() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = url;
        script.async = true;
        script.onload = function () {
          var real = window.mermaid;
          if (!real || real === stand) {
            reject(new Error("journey-maps: " + url + " did not define mermaid"));
            return;
          }
          if (settings) real.initialize(settings);
          resolve(real);
        };
        script.onerror = function () {
          loading = null; // try again on the next diagram (a flaky connection)
          reject(new Error("journey-maps: could not load " + url));
        };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  var stand = {
    journeyMapsStandIn: true,
    initialize: function (options) {
      settings = options;
    },
    render: function (id, text, container) {
      return load().then(function (real) {
        return real.render(id, text, container);
      });
    },
    run: function (options) {
      return load().then(function (real) {
        return real.run(options);
      });
    },
  };
  window.mermaid = stand;
})();
