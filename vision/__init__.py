"""Camera and photo analysis: person detector (ultralytics), OCR for plates and signs (rapidocr), zone rules."""
