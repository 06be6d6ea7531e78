#!/usr/bin/env python3
"""The reference filter for `make bench`: what AWS's Custom Labels sample describes, as a
stdin → stdout filter — boto3 DetectCustomLabels, then Pillow draws each box and its label and
saves a PNG. Endpoint and model from the command line: boto3_filter.py ENDPOINT ARN."""
import io, sys

import boto3
from PIL import Image, ImageDraw

endpoint, arn = sys.argv[1], sys.argv[2]
data = sys.stdin.buffer.read()
client = boto3.client("rekognition", region_name="us-east-1", endpoint_url=endpoint)
response = client.detect_custom_labels(ProjectVersionArn=arn, Image={"Bytes": data})
image = Image.open(io.BytesIO(data))
width, height = image.size
draw = ImageDraw.Draw(image)
for label in response["CustomLabels"]:
    box = label.get("Geometry", {}).get("BoundingBox")
    if not box:
        continue
    left, top = width * box["Left"], height * box["Top"]
    right, bottom = left + width * box["Width"], top + height * box["Height"]
    draw.rectangle([left, top, right, bottom], outline="#00d400", width=5)
    draw.text((left, top), f"{label['Name']} {label['Confidence']:.1f}", fill="#00d400")
image.save(sys.stdout.buffer, "PNG")
