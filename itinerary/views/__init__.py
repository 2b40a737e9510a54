"""What readers see, as pure functions: the map (Folium + itinerary-map.js), charts,
tables, wording, the topic panel's data, exports and the front-end assets."""
