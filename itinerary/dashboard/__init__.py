"""The dashboard's logic without Streamlit: journeys made ready to show, the view and
its URL, the session between reruns, playback and the journey catalogue."""
