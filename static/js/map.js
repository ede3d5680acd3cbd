/* Draws the places and routes of a MapPage with Leaflet (served from /static/vendor/leaflet/).
 * Progressive enhancement: the same places are listed in the HTML; without this script, or
 * if anything fails, the map container and its key simply stay hidden.
 * Reads: data-geojson-url, data-tile-url (may be empty: no background tiles),
 * data-tile-attribution (plain text),
 * data-key (the id of the map key to show with the map), data-label-approximate.
 * Without tiles the portal draws its own background: a graticule labelled in degrees, the
 * places' names and a scale, so the map still reads as a map. Markers are the portal's own
 * (static/css/map.css), never Leaflet's default images. */
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

  function cssColour(element, name, fallback) {
    var value = window.getComputedStyle(element).getPropertyValue(name).trim();
    return value || fallback;
  }

  // Grid spacing in degrees for the visible span: about four to eight lines across.
  var STEPS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 30];

  function gridStep(span) {
    for (var i = 0; i < STEPS.length; i += 1) {
      if (span / STEPS[i] <= 8) {
        return STEPS[i];
      }
    }
    return STEPS[STEPS.length - 1];
  }

  function decimals(step) {
    return step >= 1 ? 0 : step >= 0.1 ? 1 : 2;
  }

  /* Lines of latitude and longitude under the places, with their values in degrees along the
   * left and bottom edges. The labels are plain elements over the map, not markers. */
  function graticule(map, element, colour) {
    map.createPane("graticule");
    map.getPane("graticule").style.zIndex = 250;
    var lines = L.layerGroup().addTo(map);
    var labels = document.createElement("div");
    labels.className = "map-grid-labels";
    labels.setAttribute("aria-hidden", "true");
    map.getContainer().appendChild(labels);

    function label(className, value, x, y) {
      var node = document.createElement("span");
      node.className = "map-grid-label " + className;
      node.textContent = value + "°";
      node.style.left = x + "px";
      node.style.top = y + "px";
      labels.appendChild(node);
    }

    function redraw() {
      lines.clearLayers();
      labels.textContent = "";
      var bounds = map.getBounds();
      var south = Math.max(bounds.getSouth(), -90);
      var north = Math.min(bounds.getNorth(), 90);
      var west = Math.max(bounds.getWest(), -180);
      var east = Math.min(bounds.getEast(), 180);
      var step = gridStep(Math.max(north - south, east - west));
      var places = decimals(step);
      var size = map.getSize();
      var style = { pane: "graticule", color: colour, weight: 1, interactive: false };
      var value, point;
      for (value = Math.ceil(south / step) * step; value <= north; value += step) {
        lines.addLayer(L.polyline([[value, west], [value, east]], style));
        point = map.latLngToContainerPoint([value, west]);
        // Clear of the zoom buttons above and of the scale below.
        if (point.y > 84 && point.y < size.y - 40) {
          label("map-grid-label--latitude", value.toFixed(places), 4, point.y);
        }
      }
      for (value = Math.ceil(west / step) * step; value <= east; value += step) {
        lines.addLayer(L.polyline([[south, value], [north, value]], style));
        point = map.latLngToContainerPoint([south, value]);
        if (point.x > 120 && point.x < size.x - 80) {
          label("map-grid-label--longitude", value.toFixed(places), point.x, size.y - 4);
        }
      }
    }

    map.on("moveend zoomend resize", redraw);
    map.on("zoomstart", function () {
      labels.textContent = "";
    });
    redraw();
  }

  function draw(element, L) {
    var data = element.dataset;
    var key = data.key ? document.getElementById(data.key) : null;
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
        if (key) {
          key.hidden = false;
        }
        var plain = !data.tileUrl;
        if (plain) {
          element.classList.add("map--plain");
        }
        // Leaflet's own credit, without the flag of its default prefix.
        var map = L.map(element, { scrollWheelZoom: false, attributionControl: false });
        L.control.attribution({ prefix: "Leaflet" }).addTo(map);
        L.control.scale({ imperial: false }).addTo(map);
        if (!plain) {
          L.tileLayer(data.tileUrl, {
            maxZoom: 18,
            attribution: text(data.tileAttribution || ""),
          }).addTo(map);
        }
        var routeColour = cssColour(element, "--map-route", "#9e1b1b");
        var layer = L.geoJSON(geojson, {
          style: function (feature) {
            var approximate = feature.properties && feature.properties.approximate;
            return { color: routeColour, weight: 4, dashArray: approximate ? "8 8" : null };
          },
          pointToLayer: function (feature, latlng) {
            var icon = L.divIcon({
              className: "map-marker map-marker--" + (feature.properties.kind || "other"),
              html: "",
              iconSize: [22, 22],
              iconAnchor: [11, 11],
              popupAnchor: [0, -12],
              tooltipAnchor: [12, 0],
            });
            return L.marker(latlng, { icon: icon, title: feature.properties.name });
          },
          onEachFeature: function (feature, featureLayer) {
            featureLayer.bindPopup(popup(feature.properties || {}, data.labelApproximate));
            if (feature.geometry.type === "Point") {
              // Without a background map the names are the only orientation: keep them shown.
              featureLayer.bindTooltip(text(feature.properties.name), {
                permanent: plain,
                direction: "right",
                className: "map-label",
              });
            }
          },
        }).addTo(map);
        // More room on the right, where the permanent place names are drawn.
        map.fitBounds(layer.getBounds(), {
          paddingTopLeft: [56, 40],
          paddingBottomRight: [120, 40],
          maxZoom: 12,
        });
        if (plain) {
          graticule(map, element, cssColour(element, "--map-grid", "#c9c1b5"));
        }
      })
      .catch(function () {
        element.hidden = true; // The list below still serves the reader.
        if (key) {
          key.hidden = true;
        }
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
