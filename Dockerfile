# Tandem in one image: build the browser app, then the Go binary.
FROM node:20-bookworm AS frontend
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM golang:1.26-bookworm AS server
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=frontend /src/frontend/dist ./frontend/dist
RUN CGO_ENABLED=0 go build -ldflags "-s -w" -o /tandem ./api

FROM alpine:3.20
RUN adduser -D -H -u 10001 tandem && mkdir /data && chown tandem /data
COPY --from=server /tandem /usr/local/bin/tandem
USER tandem
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/tandem"]
