"""ember.keras: the Keras-compatible deep-learning framework."""
