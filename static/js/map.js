/* Draws the places and routes of a MapPage with Leaflet (served from /static/vendor/leaflet/).
 * Progressive enhancement: the same places are listed in the HTML; without this script, or
 * if anything fails, the map container simply stays hidden.
 * Reads: data-geojson-url, data-tile-url (may be empty: no background tiles),
 * data-tile-attribution (plain text), data-leaflet-images, data-label-approximate. */
(function () {
  "use strict";

  function text(value) {
    var span = document.createElement("span");
    span.textContent = value == null ? "" : String(value);
    return span.innerHTML;
  }

  function popup(properties, approximateLabel) {
    var html = "<strong>" + text(properties.name) + "</strong>";
    if (properties.approximate) {
      html += " (" + text(approximateLabel) + ")";
    }
    if (properties.kind_label) {
      html += "<br>" + text(properties.kind_label);
    }
    if (properties.description) {
      html += "<br>" + text(properties.description);
    }
    return html;
  }

  function draw(element, L) {
    var data = element.dataset;
    if (data.leafletImages) {
      L.Icon.Default.imagePath = data.leafletImages;
    }
    fetch(data.geojsonUrl, { headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("GeoJSON " + response.status);
        }
        return response.json();
      })
      .then(function (geojson) {
        if (!geojson.features || geojson.features.length === 0) {
          return;
        }
        element.hidden = false;
        var map = L.map(element, { scrollWheelZoom: false });
        if (data.tileUrl) {
          L.tileLayer(data.tileUrl, {
            maxZoom: 18,
            attribution: text(data.tileAttribution || ""),
          }).addTo(map);
        }
        var layer = L.geoJSON(geojson, {
          style: function (feature) {
            var approximate = feature.properties && feature.properties.approximate;
            return { color: "#9e1b1b", weight: 4, dashArray: approximate ? "8 8" : null };
          },
          pointToLayer: function (feature, latlng) {
            return L.marker(latlng, { title: feature.properties.name, alt: feature.properties.name });
          },
          onEachFeature: function (feature, featureLayer) {
            featureLayer.bindPopup(popup(feature.properties || {}, data.labelApproximate));
            if (feature.geometry.type === "Point") {
              // Without a background map the names are the only orientation: keep them shown.
              featureLayer.bindTooltip(text(feature.properties.name), {
                permanent: !data.tileUrl,
                direction: "right",
                offset: [10, -20],
              });
            }
          },
        }).addTo(map);
        // More room on the right, where the permanent place names are drawn.
        map.fitBounds(layer.getBounds(), {
          paddingTopLeft: [40, 40],
          paddingBottomRight: [120, 30],
          maxZoom: 12,
        });
      })
      .catch(function () {
        element.hidden = true; // The list below still serves the reader.
      });
  }

  function init() {
    if (!window.L || !window.fetch) {
      return;
    }
    var elements = document.querySelectorAll("[data-geojson-url].map");
    for (var i = 0; i < elements.length; i += 1) {
      draw(elements[i], window.L);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
