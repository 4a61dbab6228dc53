"""ember.learn: the scikit-learn-compatible classical-ML library."""
