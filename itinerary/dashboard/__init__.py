"""The dashboard's logic without Streamlit: journeys made ready to show, the view and
its URL, the session between reruns, what one run shows, playback and the journey
catalogue."""
