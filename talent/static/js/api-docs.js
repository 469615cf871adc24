/* The interactive documentation of the public API (/api/v1/docs): Swagger UI (vendor/swagger-ui, the
 * swagger-ui-dist bundle) started on the OpenAPI document named by the page's #swagger-ui[data-spec-url].
 *
 * Strict CSP: this file replaces the inline start-up script of swagger-ui-dist's own index.html. The
 * validator badge is off (validatorUrl: null): it would send the document's address to
 * validator.swagger.io and load an image from there. "Try it out" calls the API on this origin only
 * (connect-src 'self'); the API is read-only, so only GET is offered.
 */
(function () {
  "use strict";

  var root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: root.getAttribute("data-spec-url"),
    domNode: root,
    validatorUrl: null,
    deepLinking: true,
    docExpansion: "list",
    defaultModelsExpandDepth: 0,
    supportedSubmitMethods: ["get", "head"],
  });
})();
