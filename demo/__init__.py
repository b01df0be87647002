"""The demo: a fictional corpus of the DeepSeek R1 story, served on 127.0.0.1, and its runner."""
